"""Two-syllable Vietnamese words common in school Party-cell reports.

The syllable dictionary (hunspell-vi) cannot see a real syllable in the wrong word
("đống góp", "dậy học", "kỷ năng"): every syllable exists. These words let the spell
check notice a pair that is one confusable change away from a known word. The list
is ours (words of the report's domain, written in the official tone style); it only
has to hold the right spelling of words a secretary is likely to mistype.
"""

WORDS = """
an toàn ảnh hưởng bài học ban hành báo cáo bảo đảm bảo vệ bất cập bầu cử bình đẳng
bình xét biện pháp biểu dương biểu diễn bồi dưỡng bổ sung bộ môn bộ phận buổi học
cá nhân các cấp cải cách cải thiện cam kết cán bộ cảm tình cần thiết cấp ủy chào mừng
chăm lo chăm sóc chất lượng chỉ đạo chỉ thị chỉ tiêu chi bộ chi đoàn chi đội chi ủy
chính quyền chính sách chính trị chính thức chủ đề chủ động chủ nghĩa chủ trương
chú trọng chú ý chuẩn bị chuẩn mực chuyên đề chuyên môn chuyên tâm chương trình
 công bằng công đoàn công khai công sức công tác công việc cơ bản cơ quan
cơ sở củng cố cụ thể cuộc sống cuộc thi dạy học dạy giỏi 
dân chủ dân tộc danh hiệu di tích diễn biến dịch bệnh du lịch duy trì dự giờ
dự kiến dư luận đa dạng đại hội đánh giá đào tạo đạo đức đạt chuẩn đảng bộ đảng phí
đảng viên đảm bảo đặc biệt đặc điểm đấu tranh đầu năm đầu tư đầy đủ đề án đề nghị
đề ra đề xuất địa bàn địa phương điển hình điều chỉnh điều kiện điều lệ định hướng
đoàn kết đoàn thể đoàn viên đóng góp đổi mới đối tượng đôn đốc đồng chí đồng thời
đội ngũ đội viên đơn thư đơn vị đời sống đúng đắn đường lối gắn bó gắn với gia đình
giá trị giải pháp giải quyết giảng dạy giáo dục giáo viên giám sát giao tiếp giới thiệu
giúp đỡ giữ gìn góp phần góp ý hạn chế hạnh kiểm hăng hái hằng năm hàng năm
hàng tháng hành chính hành động hiệu quả hiệu trưởng hoạt động học kỳ học sinh
học tập học lực hoàn thành hoàn thiện hội đồng hội nghị hội thi hợp tác hưởng ứng
hướng dẫn hứng thú khả năng khách quan khắc phục khen thưởng khó khăn khỏe mạnh
khuyết điểm kế hoạch kết nạp kết quả kiểm điểm kiểm tra kiến thức kiện toàn kinh nghiệm
kinh phí kỷ luật kỷ cương kỷ niệm kỹ năng kỹ thuật lãnh đạo lao động lắng nghe lên lớp
liên đội liên hệ lối sống lợi ích lý luận lý tưởng mạnh dạn mặt bằng mục tiêu năng lực
năng khiếu năm học nâng cao nền nếp nề nếp nghiêm túc nghị quyết nghiệp vụ nguyên nhân
nguyên tắc nguồn lực nhà giáo nhà trường nhân cách nhân dân nhân rộng nhân viên nhận thức
nhất trí nhiệm kỳ nhiệm vụ nhiệt tình nội bộ nội dung nội quy nỗ lực phát động phát huy
phát hiện phát triển phân công phân hóa phân loại phẩm chất phấn đấu phê bình phòng chống
phòng tránh phối hợp phong cách phong trào phụ đạo phụ huynh phụ nữ phục vụ phương án
phương châm phương hướng phương pháp quán triệt quan điểm quan tâm quản lý quần chúng
quy chế quy định quy trình quyết định quyết tâm rèn luyện  sáng kiến sáng tạo
sâu sắc sinh hoạt sinh viên sơ kết sức khỏe tác động tác phong tài chính tài liệu
tăng cường tham gia tham mưu thành công thành lập thành tích thành viên thanh niên
thân thiện thẳng thắn thật sự thấm nhuần thế hệ thi đua thiết bị thiết thực thông qua
thông tin thống nhất thời gian thời sự thu hút thuận lợi thực hiện thực sự thực tế
thực tiễn thường xuyên thường vụ tiến bộ tiêu biểu tiếp tục tích cực tiết dạy tiềm năng
tinh thần tình hình tình thương toàn diện toàn thể tổ chức  tổng kết tổng số
trách nhiệm trang bị trình độ trọng tâm trung thực  trực tiếp truyền thống
tuyên truyền tuyên dương tư tưởng tự giác tự phê tương xứng ủng hộ ưu điểm ưu tú
văn bản văn hóa văn minh văn nghệ vận động vi phạm việc làm vững mạnh vươn lên xã hội
xây dựng xếp loại xuất sắc xử lý yêu cầu yêu nghề ý thức chi tiêu tương đối đồng bộ
giáo án bài giảng đề thi tuyển sinh phổ cập chữ viết tin học thể dục thể thao âm nhạc
mỹ thuật ngoại khóa trải nghiệm hướng nghiệp bán trú nội trú dinh dưỡng vệ sinh môi trường
cảnh quan an ninh trật tự chuyển đổi số hóa học bạ sổ sách hồ sơ kiểm định chủ nhiệm
tổ trưởng kế toán thủ quỹ văn thư y tế bảo hiểm thư viện phòng học bàn ghế máy tính
sửa chữa nâng cấp giấy khen bằng khen chiến sĩ tiên tiến thắng lợi thành quả thẩm định
ý kiến kiến nghị thống kê số liệu tỷ lệ bình quân trung bình yếu kém bỏ học chuyên cần
ứng dụng công nghệ trực tuyến chuyển biến tích hợp liên môn giáo khoa đồ dùng học liệu
nghiên cứu khoa học dạy thêm học thêm từ thiện nhân đạo thiên tai hoàn cảnh học bổng
miễn giảm học phí thương binh liệt sĩ đền ơn đáp nghĩa quê hương đất nước tổ quốc
chủ quyền biển đảo pháp luật giao thông ma túy tệ nạn bạo lực học đường xâm hại
phòng ngừa ngăn chặn khai giảng bế giảng giải thưởng huy chương đạt giải
bắt đầu kết nối hằng ngày hằng tháng hằng tuần hàng ngày hàng tuần
trực thuộc mặt trận phát triển quy chế
"""

# Syllables a report never writes alone: Sino-Vietnamese morphemes found only inside words
# ("yếu tố", "tố cáo"). Alone, forming no word with either neighbour, one is a slip for a free
# word a letter or a mark away: "tổ chức tố Hội thi" meant "tốt". Each has the free words it
# is likely a slip for, most likely first, and the words it forms (any length: the pairs
# around the bound syllable are what is looked up). The list is ours: hunspell-vi holds
# syllables only, and the dictionaries of the Vietnamese packages looked at (pyvi's word
# list) also list the colloquial verb "tố" as a word, so none can say which syllables are bound.
BOUND = {
    "tố": (
        ("tốt", "tổ"),
        "yếu tố, nhân tố, tố cáo, tố chất, tố tụng, tố giác, tố khổ, khởi tố, truy tố, công tố, "
        "nguyên tố, độc tố, sắc tố, sinh tố, kích tố, hậu tố, tiền tố, thành tố, bão tố, dông tố, "
        "giông tố, đấu tố, hồi tố, miễn tố, khiếu tố, nội tiết tố, âm tố, phụ tố, vi lượng tố",
    ),
}
