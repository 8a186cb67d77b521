"""Default narrative of every section, from the seed template.

The seed's typos are fixed, its blanks and hard-coded years are gone: years and
names come from the report. Where the text depends on the school level, each
level has its own paragraph. The user's text always replaces the default.
"""

from __future__ import annotations

from . import fieldpaths
from .labels import SchoolLevel
from .model import Report, is_left_out
from .regulations import (
    classification_rule,
    grades_on_programme_2018,
    ho_chi_minh_directive,
    programme_span as _programme_span,
    rating_word,
)

_ALL = None  # paragraph for every school level

# Each section: a list of paragraphs; a paragraph is a string, or a dict by
# school level (levels not listed fall back to the _ALL entry).
DEFAULTS: dict[str, list] = {
    "opening": [
        "Căn cứ vào tình hình hoạt động, vai trò lãnh đạo, chỉ đạo của chi bộ trong năm "
        "{year}, Chi ủy {cell} xây dựng báo cáo tổng kết công tác xây dựng Đảng năm {year} "
        "và phương hướng, nhiệm vụ trọng tâm của công tác xây dựng Đảng năm {next_year} với "
        "các nội dung như sau:"
    ],
    "situation.advantages": [
        "Là chi bộ trường học, công tác lãnh đạo của chi bộ chủ yếu tập trung vào chuyên "
        "môn, nâng cao chất lượng dạy và học.",
        "Được sự quan tâm, lãnh đạo, chỉ đạo sát sao của {committee} và của các cấp lãnh "
        "đạo địa phương.",
        "Những năm gần đây Đảng và Nhà nước có nhiều chính sách quan tâm đến giáo dục; đời "
        "sống cán bộ, giáo viên được cải thiện, giáo viên yên tâm công tác, chuyên tâm với "
        "nghề hơn.",
        "Đội ngũ giáo viên đạt chuẩn về chuyên môn, nghiệp vụ, nhiệt tình và có trách nhiệm "
        "cao trong công việc.",
        "Cơ sở vật chất của nhà trường được quan tâm đầu tư xây dựng hằng năm.",
        "Đã có sự chuyển biến về nhận thức của đại đa số nhân dân, phụ huynh học sinh về "
        "việc đầu tư cho con em học tập và công tác xã hội hóa giáo dục.",
    ],
    "situation.difficulties": [
        "Số lượng CBGV-NV của nhà trường còn nhiều bất cập, vừa thừa, vừa thiếu; một số bộ "
        "phận chủ chốt của nhà trường còn thiếu nhân viên phụ trách như nhân viên văn phòng, "
        "thiết bị.",
        "Cơ sở vật chất của nhà trường tuy được quan tâm đầu tư xây dựng hằng năm nhưng chưa "
        "đáp ứng yêu cầu đổi mới phương pháp dạy học trong tình hình hiện nay.",
        "Những thuận lợi và khó khăn cơ bản trên đã tác động và ảnh hưởng tới công tác lãnh "
        "đạo của chi bộ trong năm qua.",
    ],
    "results.ideology": [
        "Chi bộ luôn coi trọng công tác tuyên truyền, giáo dục tư tưởng chính trị, đạo đức "
        "cho toàn thể cán bộ, đảng viên, giáo viên và học sinh.",
        "Thực hiện tốt {directive}; phát huy hiệu quả các cuộc vận động và các phong trào thi "
        "đua của ngành.",
        "Trong năm qua, cán bộ, đảng viên, giáo viên được tham gia học tập các nghị quyết mới "
        "của Đảng các cấp, học tập tư tưởng, đạo đức, phong cách Hồ Chí Minh, để từ đó mỗi "
        "cán bộ, đảng viên, giáo viên xác định rõ vai trò, trách nhiệm của mình trước Đảng, "
        "trước nhân dân về sự nghiệp giáo dục thế hệ trẻ cho đất nước.",
        "Đã chỉ đạo tốt cuộc vận động “Kỷ cương - Tình thương - Trách nhiệm” và cuộc vận "
        "động dân chủ hóa trường học; tích cực tham gia các phong trào của địa phương như "
        "phong trào đền ơn đáp nghĩa, tổ chức cho học sinh chăm sóc, giúp đỡ các gia đình "
        "chính sách, chăm sóc, vệ sinh, viếng nghĩa trang liệt sĩ của địa phương.",
        "Do làm tốt công tác giáo dục tư tưởng chính trị nên trong năm {year} toàn thể cán "
        "bộ, đảng viên, giáo viên đều an tâm công tác, tin tưởng vào đường lối lãnh đạo của "
        "Đảng; không có cán bộ, giáo viên, học sinh vi phạm chính sách, pháp luật, không mắc "
        "các tệ nạn xã hội.",
    ],
    "results.professional": [
        "Chỉ đạo thực hiện nghiêm túc các nội quy, quy chế chuyên môn, trên cơ sở các chỉ "
        "tiêu đăng ký đầu năm, từ đó đề ra các biện pháp chỉ đạo phù hợp với thực tế của nhà "
        "trường.",
        "Tập trung tổ chức các chuyên đề nhằm đổi mới phương pháp dạy học, phát động các đợt "
        "thi đua, tổ chức thao giảng, dự giờ, thi giáo viên dạy giỏi các cấp; tích cực triển "
        "khai, tham gia các phong trào, hội thi.",
        "Tăng cường các hoạt động kiểm tra nội bộ trường học, kiểm tra dân chủ, phát hiện "
        "những nhân tố tích cực để bồi dưỡng, phát triển, nhân rộng điển hình, uốn nắn kịp "
        "thời những hạn chế, thiếu sót; động viên và tạo điều kiện cho giáo viên tham gia học "
        "tập để nâng cao trình độ chuyên môn, nghiệp vụ.",
        {
            _ALL: "{programme} Tổ chức dạy học phân hóa theo năng lực "
            "của học sinh, khắc phục tình trạng dạy học thuần túy theo lối “đọc - chép”, phát "
            "huy tính tích cực, hứng thú của học sinh và vai trò chủ đạo của giáo viên.",
            SchoolLevel.PRESCHOOL: "Thực hiện nghiêm túc Chương trình giáo dục mầm non; "
            "tổ chức các hoạt động chăm sóc, nuôi dưỡng, giáo dục trẻ theo hướng lấy trẻ làm "
            "trung tâm, bảo đảm an toàn tuyệt đối cho trẻ.",
        },
    ],
    "results.mass_organisations": [
        "Thường xuyên quan tâm đến việc củng cố, xây dựng tổ chức Công đoàn, Đoàn - Đội "
        "trong nhà trường, phối hợp chặt chẽ trong công tác, động viên, tạo điều kiện cho "
        "giáo viên hoàn thành tốt nhiệm vụ được giao, làm tốt công tác thi đua, khen thưởng. "
        "Chỉ đạo Công đoàn, Đoàn - Đội tổ chức tốt các cuộc thi do Hội đồng Đội và Công đoàn "
        "cấp trên tổ chức, vận động đoàn viên công đoàn tham gia nhiều cuộc ủng hộ có ý nghĩa "
        "thiết thực.",
        "Tổ chức nữ công của nhà trường đã làm tốt công tác tuyên truyền, giáo dục giới tính "
        "cho học sinh thông qua các hoạt động kỷ niệm Ngày Quốc tế Phụ nữ, Ngày Phụ nữ Việt "
        "Nam. Nữ công đã thể hiện được vai trò của người phụ nữ trong cơ quan, đặc biệt trong "
        "các ngày lễ, hội.",
        {
            _ALL: "Chi bộ chỉ đạo thường xuyên thăm hỏi, động viên cán bộ, giáo viên và học "
            "sinh mỗi khi ốm đau, hoạn nạn. Đoàn TNCS Hồ Chí Minh đã tích cực bồi dưỡng thanh "
            "niên, đội viên lớn tuổi để kết nạp đoàn.",
            SchoolLevel.PRIMARY: "Chi bộ chỉ đạo thường xuyên thăm hỏi, động viên cán bộ, "
            "giáo viên và học sinh mỗi khi ốm đau, hoạn nạn. Liên đội Thiếu niên Tiền phong Hồ "
            "Chí Minh tổ chức tốt các hoạt động giáo dục đội viên, nhi đồng; chi đoàn giáo viên "
            "phát huy vai trò xung kích trong các phong trào của nhà trường.",
            SchoolLevel.PRESCHOOL: "Chi bộ chỉ đạo thường xuyên thăm hỏi, động viên cán bộ, "
            "giáo viên, nhân viên mỗi khi ốm đau, hoạn nạn; chi đoàn giáo viên phát huy vai trò "
            "xung kích trong các phong trào của nhà trường.",
        },
    ],
    "results.culture_sports": [
        "Đã tạo được phong trào văn nghệ, thể thao sôi nổi trong cán bộ, giáo viên và học "
        "sinh, biểu diễn văn nghệ vào các dịp khai giảng, tổng kết năm học, ngày 20/11, "
        "22/12 và các ngày kỷ niệm; tham gia đầy đủ các cuộc thi của giáo viên và học sinh "
        "do ngành giáo dục tổ chức, đạt thành tích tốt.",
    ],
    "results.party_building": [
        "Chi bộ sinh hoạt có nền nếp, đóng đảng phí đầy đủ, luôn coi trọng công tác giáo dục "
        "tư tưởng chính trị, đạo đức cho đảng viên, giao nhiệm vụ cụ thể cho đảng viên, "
        "thường xuyên kiểm tra việc thực hiện nhiệm vụ qua các buổi sinh hoạt; hằng tháng ra "
        "nghị quyết lãnh đạo toàn diện mọi hoạt động của nhà trường.",
        "Công tác kiểm điểm, đánh giá, {rating_words} chất lượng đảng viên năm {year} được thực "
        "hiện theo {classification_rule}, bảo đảm dân chủ, khách quan, đúng thực chất.",
    ],
    "results.inspection": [
        "Chi bộ ban hành Quy chế làm việc, quy định rõ trách nhiệm, quyền hạn và chế độ làm "
        "việc của đảng viên; phân công đảng viên phụ trách nhiệm vụ kiểm tra, giám sát và một "
        "số nội dung, biện pháp thực hiện cho phù hợp với tình hình mới.",
        "Chi bộ quán triệt các văn bản, nghị quyết của cấp ủy cấp trên; triển khai thực hiện "
        "tốt kế hoạch kiểm tra, giám sát theo các yêu cầu, bảo đảm trung thực, thẳng thắn, "
        "khách quan.",
        "Trong năm {year} không có đảng viên vi phạm Điều lệ Đảng. Nội bộ cơ quan đoàn kết, "
        "dân chủ, không có đơn thư phản ánh, tố cáo, khiếu nại.",
    ],
    "shortcomings.ideology": [
        "Vẫn còn có giáo viên có tư tưởng bình quân chủ nghĩa, chưa thực sự nỗ lực phấn đấu "
        "vươn lên; tinh thần đấu tranh phê bình và tự phê bình ở một vài đồng chí chưa cao, "
        "còn nể nang, ngại va chạm.",
    ],
    "shortcomings.professional": [
        "Số giáo viên đạt danh hiệu giáo viên dạy giỏi cấp tỉnh chưa nhiều. Học sinh giỏi các "
        "cấp tuy có tăng so với những năm trước nhưng vẫn còn ít, chưa tương xứng với tiềm "
        "năng thực tế của nhà trường.",
        "Chất lượng của một số bộ môn còn thấp, chưa đạt chỉ tiêu đặt ra đầu năm.",
    ],
    "shortcomings.facilities": [
        "Chưa huy động được nhiều nguồn lực để đầu tư hơn nữa về xây dựng cơ sở vật chất nhà "
        "trường, chủ yếu dựa vào sự đóng góp của phụ huynh.",
    ],
    "causes.strengths": [
        "Có sự tập trung, thống nhất lãnh đạo của chi ủy và toàn thể đảng viên trong chi bộ "
        "đối với việc thực hiện các nhiệm vụ chính trị của nhà trường.",
        "Có sự kết hợp giữa các tổ chức, đoàn thể trong nhà trường.",
        "Sự ủng hộ của đại đa số nhân dân, phụ huynh học sinh trong quá trình thực hiện các "
        "cuộc vận động và công tác xã hội hóa giáo dục.",
    ],
    "causes.limitations": [
        "Đội ngũ giáo viên và nhân viên còn thiếu so với yêu cầu quy định; số giáo viên trẻ "
        "tuổi có con nhỏ, kinh nghiệm chưa nhiều nên ảnh hưởng nhiều đến các hoạt động của "
        "nhà trường.",
        "Tinh thần đóng góp thời gian, công sức, tâm huyết với tổ chức, nhà trường của một số "
        "CBGV-NV chưa cao.",
    ],
    "causes.lessons": [
        "Phải thường xuyên làm tốt công tác tham mưu với cấp ủy, chính quyền địa phương và "
        "cơ quan quản lý giáo dục về công tác xây dựng cơ sở vật chất, phát triển giáo dục "
        "của địa phương.",
        "Chăm lo xây dựng đội ngũ giáo viên đoàn kết, nhất trí, có phẩm chất đạo đức tốt, "
        "giỏi về chuyên môn, tinh thông về nghiệp vụ, thực sự có lòng yêu nghề, mến trẻ, tâm "
        "huyết với nghề nghiệp, luôn có ý thức hoàn thành tốt nhiệm vụ được giao.",
        "Phải thực hiện nghiêm túc, có hiệu quả các cuộc vận động, tạo được niềm tin trong "
        "nhân dân, phụ huynh học sinh về chất lượng giáo dục - đào tạo.",
        "Làm tốt hơn nữa công tác xã hội hóa giáo dục, phát huy vai trò của Ban đại diện cha "
        "mẹ học sinh, các tổ chức đoàn thể trong nhà trường và xã hội.",
    ],
    "targets.ideology": [
        "Tiếp tục làm tốt công tác giáo dục tư tưởng chính trị cho cán bộ, đảng viên và giáo "
        "viên, đặc biệt phải quán triệt nghị quyết của Đảng các cấp đến từng thành viên trong "
        "đơn vị, để mỗi cán bộ, đảng viên, giáo viên thấm nhuần các chủ trương, đường lối của "
        "Đảng, chính sách, pháp luật của Nhà nước; trên cơ sở đó thực hiện tốt và tuyên "
        "truyền, giáo dục cho học sinh và mọi người cùng thực hiện; tiếp tục thực hiện có hiệu "
        "quả các cuộc vận động, phát huy dân chủ hóa trường học, làm tốt công tác xã hội hóa "
        "giáo dục, tăng cường hơn nữa sự phối hợp giữa nhà trường, gia đình và xã hội.",
    ],
    "targets.professional": [
        {
            _ALL: "Thực hiện nghiêm túc các quy chế chuyên môn, chỉ tiêu nhiệm vụ năm học, "
            "tăng cường công tác kiểm tra nội bộ trường học, tích cực mở các chuyên đề, đặc "
            "biệt là các chuyên đề đổi mới phương pháp dạy học; tạo mọi điều kiện thuận lợi "
            "cho giáo viên học tập để ngày càng nâng cao trình độ chuyên môn, nghiệp vụ; chú "
            "trọng việc đào tạo, bồi dưỡng giáo viên dạy giỏi và học sinh giỏi các cấp; phấn "
            "đấu đạt các chỉ tiêu sau:",
            SchoolLevel.LOWER_SECONDARY: "Thực hiện nghiêm túc các quy chế chuyên môn, chỉ "
            "tiêu nhiệm vụ năm học, tăng cường công tác kiểm tra nội bộ trường học, tích cực "
            "mở các chuyên đề, đặc biệt là các chuyên đề đổi mới phương pháp dạy học; tạo mọi "
            "điều kiện thuận lợi cho giáo viên học tập để ngày càng nâng cao trình độ chuyên "
            "môn, nghiệp vụ; chú trọng việc đào tạo, bồi dưỡng giáo viên dạy giỏi và học sinh "
            "giỏi các cấp; thu hút ngày càng nhiều học sinh giỏi tốt nghiệp tiểu học trên địa "
            "bàn vào học lớp 6 tại trường; phấn đấu đạt các chỉ tiêu sau:",
        },
    ],
    "targets.facilities": [
        "Tiếp tục tham mưu đầu tư, sửa chữa, bổ sung phòng học, phòng chức năng và thiết bị "
        "dạy học, bảo đảm đáp ứng yêu cầu đổi mới giáo dục; giữ gìn, sử dụng có hiệu quả cơ "
        "sở vật chất hiện có.",
    ],
    "targets.finance": [
        "Thu, chi các loại tiền đúng mục đích, bảo đảm nguyên tắc tài chính, công khai, minh "
        "bạch trước giáo viên, phụ huynh học sinh và phải được sự đồng ý của cấp ủy, chính "
        "quyền địa phương; thực hiện chế độ miễn, giảm cho học sinh đúng chính sách.",
    ],
    "targets.mass_organisations": [
        "Phát huy vai trò của tổ chức Công đoàn, Đoàn - Đội trong nhà trường, tạo điều kiện "
        "để Công đoàn quan tâm đến đời sống tinh thần, vật chất của cán bộ, giáo viên và bảo "
        "vệ quyền lợi chính đáng cho người lao động, xây dựng tập thể đoàn kết, thống nhất, "
        "giúp đỡ lẫn nhau cùng tiến bộ.",
        "Đoàn - Đội thông qua các hoạt động tập thể góp phần tích cực vào việc giáo dục, rèn "
        "luyện đạo đức, hình thành nhân cách, kỹ năng sống, giá trị sống cho học sinh.",
    ],
    "targets.culture_sports": [
        "Thường xuyên tổ chức các buổi sinh hoạt tập thể, văn nghệ, thể thao, tạo không khí "
        "vui tươi, phấn khởi, rèn luyện sức khỏe cho cán bộ, giáo viên và học sinh; tham gia "
        "tốt các giải văn nghệ, thể thao của cán bộ, giáo viên và học sinh do ngành và địa "
        "phương tổ chức.",
    ],
    "targets.emulation": [
        "Làm tốt công tác thi đua, khen thưởng, thường xuyên tổ chức các đợt thi đua nhân các "
        "ngày lễ, hội trong năm; sau mỗi đợt thi đua có sơ kết, đánh giá công khai, công "
        "bằng, khen thưởng, động viên kịp thời những tập thể và cá nhân đạt thành tích cao, "
        "tạo không khí thi đua sôi nổi trong giáo viên và học sinh.",
    ],
    "targets.party": [
        "Chi bộ sinh hoạt có nền nếp, hằng tháng ra nghị quyết lãnh đạo toàn diện mọi hoạt "
        "động của nhà trường; đảng viên được phân công nhiệm vụ cụ thể, thường xuyên kiểm "
        "tra, đôn đốc; làm tốt công tác phát triển đảng, tiếp tục giúp đỡ quần chúng ưu tú đã "
        "học lớp bồi dưỡng nhận thức về Đảng, giới thiệu quần chúng đi học lớp cảm tình Đảng. "
        "Chi bộ thường xuyên tổ chức cho đảng viên học tập chỉ thị, nghị quyết, Điều lệ Đảng, "
        "giữ mối liên hệ với đảng viên.",
    ],
    "solutions.ideology": [
        "Tăng cường công tác giáo dục tư tưởng, chính trị, chính sách, pháp luật, đạo đức, lối "
        "sống cho cán bộ, đảng viên, giáo viên và học sinh, đặc biệt quan tâm giáo dục đạo đức "
        "cho học sinh, giúp các em hiểu và biết cách phòng tránh các tệ nạn xã hội.",
    ],
    "solutions.professional": [
        "Động viên và tạo điều kiện cho đội ngũ giáo viên tích cực học tập để ngày càng nâng "
        "cao trình độ chuyên môn, nghiệp vụ.",
        {
            _ALL: "Có kế hoạch phát hiện, bồi dưỡng học sinh năng khiếu ngay từ đầu năm học "
            "để tham gia các cuộc thi, giao lưu các cấp đạt kết quả cao; phụ đạo cho học "
            "sinh chưa hoàn thành nhiệm vụ học tập.",
            SchoolLevel.LOWER_SECONDARY: "Có kế hoạch bồi dưỡng học sinh giỏi các môn ngay từ "
            "lớp 6 để khi lên lớp 9 các em có thể tham gia thi học sinh giỏi các cấp đạt kết "
            "quả cao; ôn tập, phụ đạo cho học sinh trước các kỳ kiểm tra.",
            SchoolLevel.UPPER_SECONDARY: "Có kế hoạch bồi dưỡng học sinh giỏi các môn ngay từ "
            "lớp 10 để tham gia thi học sinh giỏi các cấp đạt kết quả cao; ôn tập cho học sinh "
            "lớp 12 trước kỳ thi tốt nghiệp trung học phổ thông.",
            SchoolLevel.PRESCHOOL: "Tăng cường bồi dưỡng kỹ năng tổ chức hoạt động cho giáo "
            "viên; nâng cao chất lượng chăm sóc, nuôi dưỡng, giáo dục trẻ.",
        },
        "Phối hợp tốt hơn với các tổ chức đoàn thể trong và ngoài nhà trường, với cha mẹ học "
        "sinh để động viên, quản lý tốt học sinh trong học tập cũng như rèn luyện.",
    ],
    "solutions.facilities": [
        "Tích cực tham mưu với cấp ủy Đảng, chính quyền địa phương, với phụ huynh học sinh, "
        "tập trung mọi nguồn lực đầu tư xây dựng cơ sở vật chất nhà trường.",
    ],
    "solutions.finance": [
        "Lập kế hoạch thu, chi các khoản ngoài ngân sách ngay từ đầu năm học, trên cơ sở nhu "
        "cầu hoạt động thực tế của nhà trường trong năm học, thông qua Ban đại diện cha mẹ học "
        "sinh, trình cấp ủy, chính quyền địa phương phê duyệt và thực hiện.",
        "Chi tiêu ngân sách theo kế hoạch, bảo đảm mọi chế độ, quyền lợi của cán bộ, giáo "
        "viên và học sinh.",
    ],
    "solutions.mass_organisations": [
        "Kiện toàn tổ chức Công đoàn, Đoàn TNCS Hồ Chí Minh, Đội TNTP Hồ Chí Minh; chỉ đạo "
        "lập kế hoạch và phối hợp hoạt động có hiệu quả; thường xuyên kiểm tra, nhắc nhở, "
        "đôn đốc.",
    ],
    "solutions.culture_sports": [
        "Phát hiện và bồi dưỡng các nhân tài về văn nghệ, thể thao trong giáo viên và học "
        "sinh, tổ chức tập luyện để làm nòng cốt cho phong trào văn nghệ, thể thao của nhà "
        "trường.",
    ],
    "solutions.emulation": [
        "Xây dựng kế hoạch thi đua ngay từ đầu năm học, gắn với nhiệm vụ chính trị của nhà "
        "trường; đánh giá, bình xét thi đua công khai, dân chủ, đúng thực chất; kịp thời "
        "biểu dương, nhân rộng các điển hình tiên tiến.",
    ],
    "solutions.party": [
        "Chăm lo xây dựng tổ chức Đảng ngày càng trong sạch, vững mạnh; động viên, bồi dưỡng, "
        "giúp đỡ đảng viên mới, giúp đỡ quần chúng ưu tú phấn đấu vào Đảng.",
    ],
}

# A preschool has children (trẻ), no Đội, no học sinh giỏi and no bộ môn: published
# mầm non reports speak of «chăm sóc, nuôi dưỡng, giáo dục trẻ». (path, paragraph) → text.
_PRESCHOOL = {
    ("results.mass_organisations", 0): "Thường xuyên quan tâm đến việc củng cố, xây dựng tổ "
    "chức Công đoàn, Chi đoàn trong nhà trường, phối hợp chặt chẽ trong công tác, động viên, "
    "tạo điều kiện cho giáo viên, nhân viên hoàn thành tốt nhiệm vụ được giao, làm tốt công "
    "tác thi đua, khen thưởng. Chỉ đạo Công đoàn, Chi đoàn tham gia tốt các hội thi do Công "
    "đoàn, Đoàn cấp trên và ngành tổ chức, vận động đoàn viên công đoàn tham gia nhiều cuộc "
    "ủng hộ có ý nghĩa thiết thực.",
    ("results.mass_organisations", 1): "Tổ chức nữ công của nhà trường làm tốt công tác chăm "
    "lo quyền lợi của nữ cán bộ, giáo viên, nhân viên, tổ chức tốt các hoạt động kỷ niệm "
    "Ngày Quốc tế Phụ nữ, Ngày Phụ nữ Việt Nam. Nữ công đã thể hiện được vai trò của người "
    "phụ nữ trong cơ quan, đặc biệt trong các ngày lễ, hội.",
    ("results.culture_sports", 0): "Đã tạo được phong trào văn nghệ, thể thao sôi nổi trong "
    "cán bộ, giáo viên, nhân viên và trẻ, biểu diễn văn nghệ vào các dịp khai giảng, tổng kết "
    "năm học, ngày 20/11, 22/12 và các ngày kỷ niệm; tham gia đầy đủ các hội thi của giáo "
    "viên và của trẻ do ngành giáo dục tổ chức, đạt thành tích tốt.",
    ("shortcomings.professional", 0): "Số giáo viên đạt danh hiệu giáo viên dạy giỏi cấp tỉnh "
    "chưa nhiều. Chất lượng chăm sóc, nuôi dưỡng, giáo dục trẻ giữa các nhóm, lớp chưa đồng "
    "đều.",
    ("shortcomings.professional", 1): "Việc tổ chức các hoạt động giáo dục lấy trẻ làm trung "
    "tâm ở một số nhóm, lớp còn hạn chế, chưa đạt chỉ tiêu đặt ra đầu năm.",
    ("targets.professional", 0): "Thực hiện nghiêm túc Chương trình giáo dục mầm non, các quy "
    "chế chuyên môn, chỉ tiêu nhiệm vụ năm học; tăng cường công tác kiểm tra nội bộ trường "
    "học, tích cực mở các chuyên đề; tạo mọi điều kiện thuận lợi cho giáo viên học tập để "
    "ngày càng nâng cao trình độ chuyên môn, nghiệp vụ; chú trọng việc bồi dưỡng giáo viên "
    "dạy giỏi các cấp, nâng cao chất lượng chăm sóc, nuôi dưỡng, giáo dục trẻ; phấn đấu đạt "
    "các chỉ tiêu sau:",
    ("targets.mass_organisations", 0): "Phát huy vai trò của tổ chức Công đoàn, Chi đoàn "
    "trong nhà trường, tạo điều kiện để Công đoàn quan tâm đến đời sống tinh thần, vật chất "
    "của cán bộ, giáo viên, nhân viên và bảo vệ quyền lợi chính đáng cho người lao động, xây "
    "dựng tập thể đoàn kết, thống nhất, giúp đỡ lẫn nhau cùng tiến bộ.",
    ("targets.mass_organisations", 1): "Chi đoàn giáo viên phát huy vai trò xung kích trong "
    "các phong trào của nhà trường và địa phương.",
    ("targets.culture_sports", 0): "Thường xuyên tổ chức các buổi sinh hoạt tập thể, văn "
    "nghệ, thể thao, tạo không khí vui tươi, phấn khởi, rèn luyện sức khỏe cho cán bộ, giáo "
    "viên, nhân viên và trẻ; tham gia tốt các hội thi của cán bộ, giáo viên và của trẻ do "
    "ngành và địa phương tổ chức.",
    ("solutions.professional", 2): "Phối hợp tốt hơn với các tổ chức đoàn thể trong và ngoài "
    "nhà trường, với cha mẹ trẻ trong việc chăm sóc, nuôi dưỡng, giáo dục trẻ.",
    ("solutions.mass_organisations", 0): "Kiện toàn tổ chức Công đoàn, Chi đoàn, Ban nữ công; "
    "chỉ đạo lập kế hoạch và phối hợp hoạt động có hiệu quả; thường xuyên kiểm tra, nhắc nhở, "
    "đôn đốc.",
    ("solutions.culture_sports", 0): "Phát hiện và bồi dưỡng các nhân tài về văn nghệ, thể "
    "thao trong cán bộ, giáo viên, nhân viên, tổ chức tập luyện để làm nòng cốt cho phong "
    "trào văn nghệ, thể thao của nhà trường.",
    # Pupils, their parents and teaching, said as mầm non reports say them: trẻ, cha mẹ trẻ,
    # chăm sóc, nuôi dưỡng, giáo dục trẻ.
    ("situation.advantages", 0): "Là chi bộ trường học, công tác lãnh đạo của chi bộ chủ yếu "
    "tập trung vào chuyên môn, nâng cao chất lượng chăm sóc, nuôi dưỡng, giáo dục trẻ.",
    ("situation.advantages", 5): "Đã có sự chuyển biến về nhận thức của đại đa số nhân dân, "
    "cha mẹ trẻ về việc chăm lo cho trẻ đến trường và công tác xã hội hóa giáo dục.",
    ("situation.difficulties", 1): "Cơ sở vật chất của nhà trường tuy được quan tâm đầu tư xây "
    "dựng hằng năm nhưng chưa đáp ứng yêu cầu đổi mới công tác chăm sóc, nuôi dưỡng, giáo dục "
    "trẻ trong tình hình hiện nay.",
    ("results.ideology", 0): "Chi bộ luôn coi trọng công tác tuyên truyền, giáo dục tư tưởng "
    "chính trị, đạo đức cho toàn thể cán bộ, đảng viên, giáo viên, nhân viên.",
    ("results.ideology", 3): "Đã chỉ đạo tốt cuộc vận động “Kỷ cương - Tình thương - Trách "
    "nhiệm” và cuộc vận động dân chủ hóa trường học; tích cực tham gia các phong trào của địa "
    "phương như phong trào đền ơn đáp nghĩa, chăm sóc, giúp đỡ các gia đình chính sách.",
    ("results.ideology", 4): "Do làm tốt công tác giáo dục tư tưởng chính trị nên trong năm "
    "{year} toàn thể cán bộ, đảng viên, giáo viên, nhân viên đều an tâm công tác, tin tưởng vào "
    "đường lối lãnh đạo của Đảng; không có cán bộ, giáo viên, nhân viên vi phạm chính sách, "
    "pháp luật, không mắc các tệ nạn xã hội.",
    ("results.professional", 1): "Tập trung tổ chức các chuyên đề nhằm đổi mới hình thức tổ "
    "chức các hoạt động chăm sóc, giáo dục trẻ, phát động các đợt thi đua, tổ chức thao giảng, "
    "dự giờ, thi giáo viên dạy giỏi các cấp; tích cực triển khai, tham gia các phong trào, hội thi.",
    ("causes.strengths", 2): "Sự ủng hộ của đại đa số nhân dân, cha mẹ trẻ trong quá trình "
    "thực hiện các cuộc vận động và công tác xã hội hóa giáo dục.",
    ("causes.lessons", 2): "Phải thực hiện nghiêm túc, có hiệu quả các cuộc vận động, tạo được "
    "niềm tin trong nhân dân, cha mẹ trẻ về chất lượng chăm sóc, nuôi dưỡng, giáo dục trẻ.",
    ("causes.lessons", 3): "Làm tốt hơn nữa công tác xã hội hóa giáo dục, phát huy vai trò của "
    "Ban đại diện cha mẹ trẻ, các tổ chức đoàn thể trong nhà trường và xã hội.",
    ("targets.ideology", 0): "Tiếp tục làm tốt công tác giáo dục tư tưởng chính trị cho cán "
    "bộ, đảng viên, giáo viên và nhân viên, đặc biệt phải quán triệt nghị quyết của Đảng các "
    "cấp đến từng thành viên trong đơn vị, để mỗi cán bộ, đảng viên, giáo viên thấm nhuần các "
    "chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước; trên cơ sở đó thực hiện "
    "tốt và tuyên truyền đến cha mẹ trẻ và mọi người cùng thực hiện; tiếp tục thực hiện có hiệu "
    "quả các cuộc vận động, phát huy dân chủ hóa trường học, làm tốt công tác xã hội hóa giáo "
    "dục, tăng cường hơn nữa sự phối hợp giữa nhà trường, gia đình và xã hội.",
    ("targets.facilities", 0): "Tiếp tục tham mưu đầu tư, sửa chữa, bổ sung phòng nhóm, lớp, "
    "phòng chức năng, bếp ăn, đồ dùng, đồ chơi và thiết bị, bảo đảm đáp ứng yêu cầu chăm sóc, "
    "nuôi dưỡng, giáo dục trẻ; giữ gìn, sử dụng có hiệu quả cơ sở vật chất hiện có.",
    ("targets.finance", 0): "Thu, chi các loại tiền đúng mục đích, bảo đảm nguyên tắc tài "
    "chính, công khai, minh bạch trước giáo viên, cha mẹ trẻ và phải được sự đồng ý của cấp ủy, "
    "chính quyền địa phương; thực hiện chế độ miễn, giảm học phí và hỗ trợ cho trẻ đúng chính sách.",
    ("targets.emulation", 0): "Làm tốt công tác thi đua, khen thưởng, thường xuyên tổ chức các "
    "đợt thi đua nhân các ngày lễ, hội trong năm; sau mỗi đợt thi đua có sơ kết, đánh giá công "
    "khai, công bằng, khen thưởng, động viên kịp thời những tập thể và cá nhân đạt thành tích "
    "cao, tạo không khí thi đua sôi nổi trong cán bộ, giáo viên, nhân viên.",
    ("solutions.ideology", 0): "Tăng cường công tác giáo dục tư tưởng, chính trị, chính sách, "
    "pháp luật, đạo đức, lối sống cho cán bộ, đảng viên, giáo viên, nhân viên; phối hợp với cha "
    "mẹ trẻ giáo dục trẻ lễ giáo, hành vi văn minh, kỹ năng sống phù hợp với độ tuổi.",
    ("solutions.facilities", 0): "Tích cực tham mưu với cấp ủy Đảng, chính quyền địa phương, "
    "với cha mẹ trẻ, tập trung mọi nguồn lực đầu tư xây dựng cơ sở vật chất nhà trường.",
    ("solutions.finance", 0): "Lập kế hoạch thu, chi các khoản ngoài ngân sách ngay từ đầu năm "
    "học, trên cơ sở nhu cầu hoạt động thực tế của nhà trường trong năm học, thông qua Ban đại "
    "diện cha mẹ trẻ, trình cấp ủy, chính quyền địa phương phê duyệt và thực hiện.",
    ("solutions.finance", 1): "Chi tiêu ngân sách theo kế hoạch, bảo đảm mọi chế độ, quyền lợi "
    "của cán bộ, giáo viên, nhân viên và trẻ.",
}
for (_path, _index), _text in _PRESCHOOL.items():
    _entry = DEFAULTS[_path][_index]
    DEFAULTS[_path][_index] = {**(_entry if isinstance(_entry, dict) else {_ALL: _entry}),
                               SchoolLevel.PRESCHOOL: _text}


def committee_body(party_committee: str) -> str:
    """'Đảng bộ xã Hòa Bình' -> 'Đảng ủy xã Hòa Bình': the body that leads it."""
    for prefix in ("Đảng bộ", "đảng bộ", "ĐẢNG BỘ"):
        if party_committee.startswith(prefix):
            return "Đảng ủy" + party_committee[len(prefix) :]
    return party_committee


def cell_display_name(cell_name: str) -> str:
    """'Trường THCS Hòa Bình' -> 'Chi bộ Trường THCS Hòa Bình'."""
    return cell_name if cell_name.casefold().startswith("chi bộ") else f"Chi bộ {cell_name}"


def programme_sentence(level: SchoolLevel, year: int) -> str:
    """How teaching is described in school year (year−1)-year: the 2018 programme came in
    one grade a year, the older one ("chuẩn kiến thức, kỹ năng") taught the other grades."""
    grades = grades_on_programme_2018(level, year) or ()
    last = _programme_span(level)[2]
    if grades and grades[-1] == last:
        return ("Thực hiện nghiêm túc việc dạy học, kiểm tra, đánh giá theo yêu cầu cần đạt "
                "của Chương trình giáo dục phổ thông 2018.")
    older = "theo chuẩn kiến thức, kỹ năng của chương trình giáo dục phổ thông hiện hành"
    if not grades:
        return f"Thực hiện nghiêm túc việc dạy học, kiểm tra, đánh giá {older}."
    which = f"lớp {grades[0]}" if len(grades) == 1 else "các lớp " + ", ".join(map(str, grades))
    return ("Thực hiện nghiêm túc việc dạy học, kiểm tra, đánh giá theo yêu cầu cần đạt của "
            f"Chương trình giáo dục phổ thông 2018 ở {which} và {older} ở các lớp còn lại.")


def default_paragraphs(path: str, report: Report) -> list[str]:
    level = report.meta.school_level
    context = {
        "year": report.year,
        "next_year": report.next_year,
        # Without names yet (the starter file), the wording stays general.
        "committee": committee_body(report.meta.party_committee)
        if report.meta.party_committee
        else "Đảng ủy cấp trên",
        "cell": cell_display_name(report.meta.cell_name) if report.meta.cell_name else "chi bộ",
        # What was in force in the report's year (regulations).
        "programme": programme_sentence(level, report.year),
        "classification_rule": classification_rule(report.year),
        "rating_words": rating_word(report.year),
        "directive": ho_chi_minh_directive(report.year),
    }
    paragraphs = []
    for entry in DEFAULTS[path]:
        text = entry.get(level, entry[_ALL]) if isinstance(entry, dict) else entry
        paragraphs.append(text.format(**context))
    return paragraphs


def narrative(report: Report, path: str) -> list[str]:
    """The user's paragraphs for a section, or its default; none if it is left out."""
    if is_left_out(report, f"narrative.{path}"):
        return []
    value = report.narrative
    for part in fieldpaths.names(path):
        value = getattr(value, part)
    return list(value) if value else default_paragraphs(path, report)
